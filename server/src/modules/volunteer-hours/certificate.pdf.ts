import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { encode } from 'uqr';
import type { AppError } from '../../platform/errors.ts';
import { volunteerHoursErrors } from './volunteer-hours.errors.ts';

/** Debian's fonts-noto-cjk; pdfkit picks the Simplified Chinese face out of the collection. */
export const cjkFontFile = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const cjkFace = 'NotoSansCJKsc-Regular';

/** What a certificate prints, and all that verification shows: fixed when it is issued. */
export type CertificateFields = {
  number: string;
  issuedOn: string;
  verifyCode: string;
  volunteerName: string;
  idType: string;
  idNumberMasked: string;
  volunteerNumber: string;
  trackedHours: number;
  manualHours: number;
  totalHours: number;
  periodFrom: string | null;
  periodTo: string | null;
  serviceContent: string[];
  issuerName: string;
  responsiblePerson: string;
  handler: string;
  contact: string;
};

export function fontMissing(): AppError | null {
  if (existsSync(cjkFontFile)) return null;
  return volunteerHoursErrors.font_missing('font', { file: cjkFontFile });
}

const hours = (h: number) => `${h.toFixed(1)} 小时`;

/** An A4 certificate in Chinese, with a QR code that opens the public verification page. */
export function renderCertificatePdf(f: CertificateFields, verifyUrl: string): Promise<Buffer> {
  const missing = fontMissing();
  if (missing) return Promise.reject(missing);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `志愿服务证明 ${f.number}`, Author: f.issuerName } });
  doc.registerFont('cjk', cjkFontFile, cjkFace);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { width } = doc.page;
  const left = 72;
  doc
    .rect(36, 36, width - 72, doc.page.height - 72)
    .lineWidth(2)
    .stroke('#b71c1c');
  doc.font('cjk').fillColor('#b71c1c').fontSize(26).text('志愿服务证明', 0, 84, { align: 'center', width });
  doc.fillColor('#333').fontSize(10).text(`证明编号：${f.number}`, 0, 124, { align: 'center', width });

  const rows: [string, string][] = [
    ['志愿者姓名', f.volunteerName],
    ['证件类型', f.idType],
    ['证件号码', f.idNumberMasked],
    ['志愿者编号', f.volunteerNumber],
    ['服务时段', f.periodFrom || f.periodTo ? `${f.periodFrom ?? '—'} 至 ${f.periodTo ?? '—'}` : '全部记录'],
    ['系统记录时长（扫码签到）', hours(f.trackedHours)],
    ['补录时长（经审核）', hours(f.manualHours)],
    ['服务时长合计', hours(f.totalHours)],
  ];
  let y = 160;
  doc.fontSize(12).fillColor('#000');
  for (const [k, v] of rows) {
    doc.text(`${k}：`, left, y, { width: 170 });
    doc.text(v, left + 170, y, { width: width - left * 2 - 170 });
    y += 24;
  }
  doc.text('服务内容：', left, y, { width: 170 });
  const content = f.serviceContent.length ? f.serviceContent.join('；') : '—';
  doc.text(content, left + 170, y, { width: width - left * 2 - 170 });
  y = Math.max(y + 24, doc.y + 8);
  doc
    .fontSize(11)
    .fillColor('#333')
    .text(`兹证明该志愿者在 ${f.issuerName} 记录的志愿服务如上。时长按实际服务时间计算，不含往返交通时间；系统记录时长与补录时长分别列示。`, left, y + 8, {
      width: width - left * 2,
    });
  y = doc.y + 24;
  const issuer: [string, string][] = [
    ['出具单位', f.issuerName],
    ['负责人', f.responsiblePerson],
    ['经办人', f.handler],
    ['联系方式', f.contact],
    ['出具日期', f.issuedOn],
  ];
  doc.fontSize(12).fillColor('#000');
  for (const [k, v] of issuer) {
    doc.text(`${k}：${v}`, left, y, { width: 300 });
    y += 22;
  }

  // The verification QR, drawn as squares: no image files, and it scales without blurring.
  const qr = encode(verifyUrl, { ecc: 'M', border: 1 });
  const size = 110;
  const cell = size / qr.size;
  const qx = width - left - size;
  const qy = y - 22 * issuer.length;
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) if (qr.data[r]?.[c]) doc.rect(qx + c * cell, qy + r * cell, cell, cell);
  }
  doc.fill('#000');
  doc
    .fontSize(10)
    .text(`验证码：${f.verifyCode}`, qx - 40, qy + size + 6, { width: size + 40, align: 'right' })
    .text('扫码或访问下方网址核验', qx - 80, qy + size + 22, { width: size + 80, align: 'right' });
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(`核验网址：${verifyUrl}`, left, doc.page.height - 110, { width: width - left * 2 });
  doc.text('依据《志愿服务记录与证明出具办法》（2021）出具。“谁记录、谁证明”：本证明由记录上述时长的组织出具。', left, doc.page.height - 92, {
    width: width - left * 2,
  });
  doc.end();
  return done;
}

// Research report attachments: streamed in with a size limit, told by their first bytes, kept small.
import type { FastifyRequest } from 'fastify';
import { and, count, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { contactWorkErrors } from './contact-work.errors.ts';
import { cwFile } from './contact-work.schema.ts';

export const maxFileBytes = 10 * 1024 * 1024;
export const maxFileLabel = '10 MB';
export const maxFilesPerReport = 10;

const kinds = [
  { type: 'application/pdf', ext: ['pdf'], magic: (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', ext: ['png'], magic: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', ext: ['jpg', 'jpeg'], magic: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: ['docx'],
    magic: (b: Buffer) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
] as const;

/** One uploaded file from a multipart request; past the limit the stream stops and answers 413. */
export async function uploadedFile(request: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  const file = await request.file({ limits: { fileSize: maxFileBytes } });
  if (!file) throw contactWorkErrors.invalid('file', { 'zh-CN': '请选择要上传的文件', 'en-US': 'choose a file to upload' });
  const data = await file.toBuffer().catch((err: { code?: string }) => {
    throw err.code === 'FST_REQ_FILE_TOO_LARGE' ? errors.fileTooLarge(maxFileLabel) : err;
  });
  if (file.file.truncated) throw errors.fileTooLarge(maxFileLabel);
  return { fileName: file.filename, data };
}

/** The stored type and a safe display name, or a refusal naming the file. */
export function checkUpload(fileName: string, data: Buffer): { contentType: string; fileName: string } {
  if (data.length === 0) throw contactWorkErrors.invalid('file', { 'zh-CN': '文件为空', 'en-US': 'the file is empty' });
  if (data.length > maxFileBytes) throw errors.fileTooLarge(maxFileLabel);
  const base = (fileName.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f<>"]/g, '')
    .trim()
    .slice(-100);
  const ext = base.includes('.') ? (base.split('.').pop() ?? '').toLowerCase() : '';
  const kind = kinds.find((k) => (k.ext as readonly string[]).includes(ext));
  if (!kind || !kind.magic(data)) {
    throw contactWorkErrors.invalid('file', {
      'zh-CN': '只接受 PDF、PNG、JPEG 图片或 Word（.docx）文件，且文件内容须与扩展名相符',
      'en-US': 'only PDF, PNG, JPEG or Word (.docx) files whose content matches the extension',
    });
  }
  return { contentType: kind.type, fileName: base || `file.${ext}` };
}

export async function storeReportFile(tx: DbOrTx, actor: Actor, report: { id: string; orgId: number; path: string }, file: { fileName: string; data: Buffer }) {
  const checked = checkUpload(file.fileName, file.data);
  const [n] = await tx
    .select({ n: count() })
    .from(cwFile)
    .where(and(eq(cwFile.reportId, report.id)));
  if (Number(n?.n ?? 0) >= maxFilesPerReport) throw contactWorkErrors.too_many_files('file', { max: maxFilesPerReport });
  const id = uuidv7();
  await tx
    .insert(cwFile)
    .values({ id, orgId: report.orgId, reportId: report.id, ...checked, size: file.data.length, data: file.data, createdBy: actor.accountId });
  await audit(tx, actor, {
    action: 'contact-work.file_added',
    entity: 'cwReport',
    entityId: report.id,
    orgId: report.orgId,
    orgPath: report.path,
    after: { fileId: id, ...checked, size: file.data.length },
  });
  return { id, ...checked, size: file.data.length };
}

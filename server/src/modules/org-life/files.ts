import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { orgLifeErrors } from './org-life.errors.ts';
import { orglifeFile, type FileOwner } from './org-life.schema.ts';

export const maxFileBytes = 5 * 1024 * 1024;
export const maxFilesPerOwner = 10;

/** What we accept, told by the file's first bytes, never by the name or the claimed type alone. */
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

/** Checks an upload and returns the stored type and a safe display name. */
export function checkUpload(fileName: string, data: Buffer): { contentType: string; fileName: string } {
  if (data.length === 0) throw orgLifeErrors.invalid('file', { 'zh-CN': '文件为空', 'en-US': 'the file is empty' });
  if (data.length > maxFileBytes) throw errors.fileTooLarge('5 MB');
  const base = (fileName.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f<>"]/g, '')
    .trim()
    .slice(-100);
  const ext = base.includes('.') ? (base.split('.').pop() ?? '').toLowerCase() : '';
  const kind = kinds.find((k) => (k.ext as readonly string[]).includes(ext));
  if (!kind || !kind.magic(data)) {
    throw orgLifeErrors.invalid('file', {
      'zh-CN': '只接受 PDF、PNG、JPEG 图片或 Word（.docx）文件，且文件内容须与扩展名相符',
      'en-US': 'only PDF, PNG, JPEG or Word (.docx) files whose content matches the extension',
    });
  }
  return { contentType: kind.type, fileName: base || `file.${ext}` };
}

export async function storeFile(
  tx: DbOrTx,
  actor: Actor,
  owner: { kind: FileOwner; id: string; orgId: number; orgPath: string },
  file: { fileName: string; data: Buffer },
) {
  const checked = checkUpload(file.fileName, file.data);
  const existing = await tx
    .select({ id: orglifeFile.id })
    .from(orglifeFile)
    .where(and(eq(orglifeFile.ownerKind, owner.kind), eq(orglifeFile.ownerId, owner.id), eq(orglifeFile.status, 'active')));
  if (existing.length >= maxFilesPerOwner) throw orgLifeErrors.too_many_files('file', { max: maxFilesPerOwner });
  const id = uuidv7();
  await tx.insert(orglifeFile).values({
    id,
    orgId: owner.orgId,
    ownerKind: owner.kind,
    ownerId: owner.id,
    ...checked,
    size: file.data.length,
    data: file.data,
    createdBy: actor.accountId,
  });
  await audit(tx, actor, {
    action: 'orglife.file_added',
    entity: owner.kind,
    entityId: owner.id,
    orgId: owner.orgId,
    orgPath: owner.orgPath,
    after: { fileId: id, ...checked, size: file.data.length },
  });
  return { id, ...checked, size: file.data.length };
}

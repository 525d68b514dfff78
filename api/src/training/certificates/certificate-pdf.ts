import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { pdfBytes, registerTextFont } from '../../consults/reports/report-pdf.js';
import type { Certificate } from './certificate.entity.js';

/**
 * A one-page certificate: holder, course, issuer and signer, credit hours, validity, the verification code and a
 * QR code of the public check; the issuer's seal (a PNG) over the signature, as a seal is stamped.
 */
export async function renderCertificatePdf(certificate: Certificate, verifyUrl: string, seal: Buffer | null = null): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 220 });
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `Certificate ${certificate.verificationCode}`, Keywords: `verify:${certificate.verificationCode}`, CreationDate: certificate.issuedAt },
  });
  const font = registerTextFont(doc);
  const done = pdfBytes(doc);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  doc.font(font).fontSize(28).text('Certificate of Completion · 结业证书', { align: 'center' });
  doc.moveDown(1).fontSize(14).text('This certifies that', { align: 'center' });
  doc.moveDown(0.4).fontSize(24).text(certificate.holderName, { align: 'center' });
  doc.moveDown(0.2).fontSize(12).fillColor('#444').text(certificate.institutionName, { align: 'center' });
  doc.moveDown(0.8).fillColor('#000').fontSize(14).text('has completed the course', { align: 'center' });
  doc.moveDown(0.4).fontSize(20).text(certificate.courseTitle, { align: 'center' });
  if (certificate.issuerName) doc.moveDown(0.4).fontSize(13).fillColor('#444').text(`Issued by ${certificate.issuerName}`, { align: 'center' }).fillColor('#000');
  doc.moveDown(0.6).fontSize(13).text(`${certificate.creditHours} credit hours · issued ${day(certificate.issuedAt)} · valid until ${day(certificate.expiresAt)}`, { align: 'center' });
  if (certificate.revokedAt) doc.moveDown(0.6).fillColor('#b00020').text(`REVOKED ${day(certificate.revokedAt)}: ${certificate.revokedReason ?? ''}`, { align: 'center' });
  const y = doc.page.height - 56 - 130;
  doc.image(qr, 56, y, { width: 130, height: 130 });
  doc.fillColor('#000').fontSize(11).text(`Verification code: ${certificate.verificationCode}`, 200, y + 40, { width: 320 });
  doc.fontSize(10).fillColor('#444').text(`Check at ${verifyUrl}`, 200, y + 62, { width: 320 });
  const x = doc.page.width - 56 - 240;
  // The seal is stamped over the middle of the signature line; the line and the signer's name are drawn over it.
  if (seal) doc.image(seal, x + 65, y - 40, { fit: [110, 110], align: 'center', valign: 'bottom' });
  if (certificate.signerName) {
    // The signature block, bottom right: a line to sign on, the signer's name and title.

    doc.moveTo(x, y + 70).lineTo(x + 240, y + 70).strokeColor('#000').stroke();
    doc.fillColor('#000').fontSize(12).text(certificate.signerName, x, y + 78, { width: 240, align: 'center' });
    if (certificate.signerTitle) doc.fontSize(10).fillColor('#444').text(certificate.signerTitle, x, y + 96, { width: 240, align: 'center' });
  }
  doc.end();
  return done;
}

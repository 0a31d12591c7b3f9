/**
 * A certificate row's stored status (the certificate.status CHECK of migration 1764600000000-Certificates):
 * pending while the number is reserved and the file not yet stored, valid once issued, revoked by an admin.
 * What a verifier is shown (`CertificateState`) also derives `expired` from the expiry date.
 */
export const CERTIFICATE_STATUSES = ['pending', 'valid', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
/** Why a certificate file was rendered: the first issue or a re-issue (the certificate_file.reason CHECK). */
export const CERTIFICATE_FILE_REASONS = ['issue', 'reissue'] as const;
export type CertificateFileReason = (typeof CERTIFICATE_FILE_REASONS)[number];
/** A template asset is pending until its real type and size are verified (the certificate_asset.status CHECK). */
export const CERTIFICATE_ASSET_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type CertificateAssetStatus = (typeof CERTIFICATE_ASSET_STATUSES)[number];

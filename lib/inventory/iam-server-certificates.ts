import { IAMClient, paginateListServerCertificates } from '@aws-sdk/client-iam';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { defineRead } from './types';
import { serverCertificatesSchema } from './snapshot-schemas-iam-s3';

/** An SSL/TLS server certificate stored in IAM (ListServerCertificates metadata). */
export interface ServerCertificate {
  readonly name: string;
  readonly arn: string;
  /** ISO; absent if IAM did not say. */
  readonly expiration?: string;
  readonly uploadDate?: string;
}

/** Every server certificate stored in IAM, in pages of 1,000 (IAM's maximum; the default is 100). */
export const serverCertificates = defineRead<ServerCertificate[]>({
  name: 'iam.serverCertificates',
  scope: 'global',
  actions: ['iam:ListServerCertificates'],
  schema: serverCertificatesSchema,
  async fetch(clients) {
    const client = clients.get(IAMClient, GLOBAL_SERVICE_REGION);
    const out: ServerCertificate[] = [];
    for await (const page of paginateListServerCertificates({ client, pageSize: 1000 }, {})) {
      for (const c of page.ServerCertificateMetadataList ?? []) {
        out.push({
          name: c.ServerCertificateName ?? '',
          arn: c.Arn ?? '',
          ...(c.Expiration ? { expiration: c.Expiration.toISOString() } : {}),
          ...(c.UploadDate ? { uploadDate: c.UploadDate.toISOString() } : {}),
        });
      }
    }
    return out;
  },
});

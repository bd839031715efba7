import { useMutation } from '@tanstack/react-query';
import { verificationResultSchema } from '../../../../contracts/proposals';
import { uploadFile } from '../../../lib/api-client';
import { proposalsUrl } from './keys';

/** Upload a signed PDF: intact, altered or unknown, checked against the recorded evidence. */
export function useVerifyPdf() {
  return useMutation({
    mutationFn: (file: File) => uploadFile(`${proposalsUrl}/verify`, file, { schema: verificationResultSchema }),
  });
}

import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { serviceTemplateSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { workKeys } from './keys';

const templatesSchema = z.object({ items: z.array(serviceTemplateSchema) });

/** The firm's service templates (the Australian defaults appear on first use). */
export function useTemplates() {
  return useQuery({
    queryKey: workKeys.templates,
    queryFn: ({ signal }) => apiRequest('/api/staff/templates', { schema: templatesSchema, signal }),
    select: (reply) => reply.items,
    staleTime: 5 * 60_000,
  });
}

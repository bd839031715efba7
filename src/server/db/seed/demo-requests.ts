import type { ClientCtx } from '../../platform/tenancy/context.js';
import { createRequest } from '../../modules/service-requests/service-requests.service.js';

/** Demo: Coastal Coffee has one open Request Service. */
export async function seedDemoRequests(alex: ClientCtx): Promise<void> {
  await createRequest({ ...alex, now: new Date(alex.now.getTime() - 5 * 60 * 60 * 1000) }, {
    templateId: null,
    description: 'We are thinking of opening a second café in Noosa early next year. Could you help us with the company structure and whether the new site needs its own ABN or GST registration?',
    attachmentIds: [],
  });
}

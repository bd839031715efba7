import { notificationsSchema, type Notifications } from '../../../../contracts/work';

export { notificationsSchema, type Notifications };
export type Notice = Notifications['items'][number];

export const notificationsKey = ['notifications'] as const;

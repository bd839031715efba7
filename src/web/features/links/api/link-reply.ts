export { linkCompletedReplySchema, type LinkCompletedReply } from '../../../../contracts/auth';

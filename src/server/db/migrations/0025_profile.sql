ALTER TABLE "staff_users" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "link_tokens" ADD COLUMN "new_email" text;
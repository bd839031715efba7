ALTER TABLE "firms" ADD COLUMN "proposal_signing_otp" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "signing_links" ADD COLUMN "otp_hash" text;--> statement-breakpoint
ALTER TABLE "signing_links" ADD COLUMN "otp_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signing_links" ADD COLUMN "otp_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "signing_links" ADD COLUMN "otp_verified_at" timestamp with time zone;
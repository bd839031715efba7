CREATE TABLE "signed_copy_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"firm_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"signer_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"use_count" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proposals" ALTER COLUMN "client_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "prospect" jsonb;--> statement-breakpoint
ALTER TABLE "signed_copy_links" ADD CONSTRAINT "signed_copy_links_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signed_copy_links" ADD CONSTRAINT "signed_copy_links_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signed_copy_links" ADD CONSTRAINT "signed_copy_links_signer_id_proposal_signers_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."proposal_signers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signed_copy_links" ADD CONSTRAINT "signed_copy_links_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signed_copy_links_token_hash_key" ON "signed_copy_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "signed_copy_links_proposal_idx" ON "signed_copy_links" USING btree ("firm_id","proposal_id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_client_or_prospect" CHECK (("proposals"."client_id" is null) <> ("proposals"."prospect" is null));
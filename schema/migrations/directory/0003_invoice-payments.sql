CREATE TABLE `fapiao_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`title` text NOT NULL,
	`tax_number` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`fapiao_number` text,
	`reason` text,
	`requested_by` text NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fapiao_requests_invoice` ON `fapiao_requests` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `fapiao_requests_status` ON `fapiao_requests` (`status`);--> statement-breakpoint
CREATE TABLE `payment_proofs` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`file_key` text NOT NULL,
	`file_type` text NOT NULL,
	`file_size` integer NOT NULL,
	`note` text,
	`uploaded_by` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`reviewed_by` text,
	`reviewed_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_proofs_invoice` ON `payment_proofs` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payment_proofs_status` ON `payment_proofs` (`status`);--> statement-breakpoint
CREATE TABLE `payment_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`subject` text NOT NULL,
	`description` text NOT NULL,
	`owner_user_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`paid_at` integer,
	`paid_by` text,
	`provider_ref` text
);
--> statement-breakpoint
CREATE INDEX `payment_orders_created` ON `payment_orders` (`created_at`);
CREATE TABLE `client` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `client_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`case_type` text NOT NULL,
	`practice_area` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`description` text NOT NULL,
	`service_fee_fen` integer NOT NULL,
	`order_id` text NOT NULL,
	`status` text NOT NULL,
	`dispatch_state` text,
	`dispatch_seq` integer DEFAULT 0 NOT NULL,
	`lawyer_id` text,
	`lawyer_name` text,
	`law_firm` text,
	`paid_at` integer,
	`assigned_at` integer,
	`completed_at` integer,
	`outcome` text,
	`stars` integer,
	`reviewed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `client_cases_created` ON `client_cases` (`created_at`);--> statement-breakpoint
CREATE TABLE `_inbox` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `_jobs` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`due_at` integer NOT NULL,
	`payload` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`kind`, `key`)
);
--> statement-breakpoint
CREATE INDEX `_jobs_due` ON `_jobs` (`due_at`);--> statement-breakpoint
CREATE TABLE `_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`channel` text NOT NULL,
	`target` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `_outbox_idempotency_key_unique` ON `_outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `_outbox_pending` ON `_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
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
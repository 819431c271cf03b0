CREATE TABLE `case_tries` (
	`case_id` text NOT NULL,
	`lawyer_id` text NOT NULL,
	`outcome` text NOT NULL,
	`refusals` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `lawyer_id`)
);
--> statement-breakpoint
CREATE TABLE `dispatch_cases` (
	`case_id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`area` text NOT NULL,
	`case_type` text NOT NULL,
	`min_membership` text NOT NULL,
	`description` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text NOT NULL,
	`lawyer_id` text,
	`seq` integer NOT NULL,
	`published_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dispatch_cases_status` ON `dispatch_cases` (`status`,`published_at`);--> statement-breakpoint
CREATE TABLE `lawyer_index` (
	`lawyer_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX `_outbox_pending` ON `_outbox` (`status`,`next_attempt_at`);
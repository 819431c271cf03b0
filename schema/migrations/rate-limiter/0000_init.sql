CREATE TABLE `rate_buckets` (
	`key` text PRIMARY KEY NOT NULL,
	`tat` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_buckets_tat` ON `rate_buckets` (`tat`);--> statement-breakpoint
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
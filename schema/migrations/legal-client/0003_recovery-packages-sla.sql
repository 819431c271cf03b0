CREATE TABLE `recovery_records` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`responded` integer,
	`amount_fen` integer,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recovery_records_case` ON `recovery_records` (`case_id`);--> statement-breakpoint
ALTER TABLE `batch_cases` ADD `sla_due_at` integer;--> statement-breakpoint
ALTER TABLE `batch_cases` ADD `sla_breached_at` integer;--> statement-breakpoint
ALTER TABLE `batch_cases` ADD `debtor_responded` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `batch_cases` ADD `first_payment_at` integer;--> statement-breakpoint
ALTER TABLE `batch_cases` ADD `recovered_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `collection_stats` ADD `debtor_responded` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `collection_stats` ADD `paid_cases` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `collection_stats` ADD `recovery_ms_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `collection_stats` ADD `sla_breaches` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `enterprise` ADD `package_paid_until` integer;--> statement-breakpoint
ALTER TABLE `enterprise` ADD `industry` text;
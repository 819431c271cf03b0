CREATE TABLE `batch_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`line` integer NOT NULL,
	`debtor_name` text NOT NULL,
	`debtor_id_number` text NOT NULL,
	`phone` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`due_date` text NOT NULL,
	`notes` text NOT NULL,
	`status` text NOT NULL,
	`dispatch_state` text,
	`dispatch_seq` integer DEFAULT 0 NOT NULL,
	`lawyer_id` text,
	`outcome` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `batch_cases_batch_status` ON `batch_cases` (`batch_id`,`status`);--> statement-breakpoint
CREATE TABLE `batches` (
	`id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`format` text NOT NULL,
	`total_cases` integer NOT NULL,
	`credits_used` integer NOT NULL,
	`estimated_revenue_fen` integer NOT NULL,
	`row_errors` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `batches_created` ON `batches` (`created_at`);--> statement-breakpoint
CREATE TABLE `credit_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`weekly_delta` integer NOT NULL,
	`purchased_delta` integer NOT NULL,
	`weekly_after` integer NOT NULL,
	`purchased_after` integer NOT NULL,
	`reference` text
);
--> statement-breakpoint
CREATE INDEX `credit_ledger_at` ON `credit_ledger` (`at`);--> statement-breakpoint
CREATE TABLE `credits` (
	`id` integer PRIMARY KEY NOT NULL,
	`weekly_remaining` integer NOT NULL,
	`week_start` integer NOT NULL,
	`purchased_remaining` integer NOT NULL
);

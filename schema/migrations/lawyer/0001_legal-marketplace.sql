CREATE TABLE `lawyer_cases` (
	`case_id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`case_type` text NOT NULL,
	`practice_area` text NOT NULL,
	`min_membership` text NOT NULL,
	`description` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text NOT NULL,
	`offered_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`responded_at` integer,
	`decline_reason` text,
	`completed_at` integer,
	`outcome` text,
	`stars` integer,
	`reviewed_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lawyer_cases_status` ON `lawyer_cases` (`status`,`offered_at`);--> statement-breakpoint
CREATE INDEX `lawyer_cases_responded` ON `lawyer_cases` (`responded_at`);--> statement-breakpoint
CREATE TABLE `lawyer_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`account_version` integer NOT NULL,
	`status` text NOT NULL,
	`certification_id` text NOT NULL,
	`lawyer_name` text NOT NULL,
	`license_number` text NOT NULL,
	`law_firm` text NOT NULL,
	`practice_areas` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`rejection_reason` text,
	`approved_at` integer,
	`plan` text NOT NULL,
	`paid_until` integer,
	`next_plan` text,
	`points` integer NOT NULL,
	`cases_completed` integer NOT NULL,
	`level` integer NOT NULL,
	`ai_credits_month` text NOT NULL,
	`ai_credits_used` integer NOT NULL,
	`suspended_until` integer,
	`day_key` text NOT NULL,
	`accepted_today` integer NOT NULL,
	`month_key` text NOT NULL,
	`amount_this_month_fen` integer NOT NULL,
	`snapshot_version` integer NOT NULL,
	`published_facts` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `points_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`base` integer NOT NULL,
	`multiplier` integer NOT NULL,
	`result` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`plan` text NOT NULL,
	`case_id` text
);
--> statement-breakpoint
CREATE INDEX `points_ledger_at` ON `points_ledger` (`at`);--> statement-breakpoint
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
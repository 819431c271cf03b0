CREATE TABLE `card_calendar_feeds` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `card_calendar_feeds_token` ON `card_calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE TABLE `card_fee_notices` (
	`record_id` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`record_id`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `card_fee_records` (
	`id` text PRIMARY KEY NOT NULL,
	`card_id` text NOT NULL,
	`user_id` text NOT NULL,
	`fee_year` integer NOT NULL,
	`due_date` text NOT NULL,
	`window_start` text NOT NULL,
	`fee_amount_fen` integer NOT NULL,
	`waiver_status` text NOT NULL,
	`condition_met` integer DEFAULT false NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`payment_date` text,
	`notes` text,
	`waived_at` integer,
	`waived_by` text,
	`next_event_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `card_fee_records_card_year` ON `card_fee_records` (`card_id`,`fee_year`);--> statement-breakpoint
CREATE INDEX `card_fee_records_user_year` ON `card_fee_records` (`user_id`,`fee_year`);--> statement-breakpoint
CREATE INDEX `card_fee_records_due` ON `card_fee_records` (`due_date`);--> statement-breakpoint
CREATE INDEX `card_fee_records_status` ON `card_fee_records` (`waiver_status`);--> statement-breakpoint
CREATE INDEX `card_fee_records_next_event` ON `card_fee_records` (`next_event_at`);--> statement-breakpoint
CREATE TABLE `card_fee_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_name` text NOT NULL,
	`fee_type` text NOT NULL,
	`base_fee_fen` integer NOT NULL,
	`waiver_condition_value` integer,
	`waiver_period_months` integer NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `card_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `card_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`card_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`at` integer NOT NULL,
	`occurred_on` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`import_occurrence` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `card_transactions_card_day` ON `card_transactions` (`card_id`,`occurred_on`);--> statement-breakpoint
CREATE UNIQUE INDEX `card_transactions_import` ON `card_transactions` (`card_id`,`occurred_on`,`amount_fen`,`description`,`import_occurrence`) WHERE "card_transactions"."import_occurrence" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `cards` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`issuer` text NOT NULL,
	`name` text NOT NULL,
	`last4` text NOT NULL,
	`rule_id` text NOT NULL,
	`activation_date` text NOT NULL,
	`points_balance` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cards_user` ON `cards` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cards_rule` ON `cards` (`rule_id`);
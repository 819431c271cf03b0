CREATE TABLE `ai_credit_spend` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`month` text NOT NULL,
	`credits` integer NOT NULL,
	`used_after` integer NOT NULL,
	`template` text NOT NULL,
	`case_id` text NOT NULL,
	`member_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ai_credit_spend_at` ON `ai_credit_spend` (`at`);--> statement-breakpoint
CREATE TABLE `ai_credit_use` (
	`month` text PRIMARY KEY NOT NULL,
	`used` integer NOT NULL
);

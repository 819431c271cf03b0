CREATE TABLE `wallet_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`low_balance_threshold_fen` integer,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
ALTER TABLE `wallets` ADD `low_balance_noticed_at` integer;
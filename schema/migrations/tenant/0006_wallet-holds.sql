CREATE TABLE `wallet_holds` (
	`allocation_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`core_hour_milli_fen` integer NOT NULL,
	`memory_gb_hour_milli_fen` integer NOT NULL,
	`storage_gb_hour_milli_fen` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `wallet_holds_user` ON `wallet_holds` (`user_id`);--> statement-breakpoint
ALTER TABLE `wallets` ADD `held_fen` integer DEFAULT 0 NOT NULL;
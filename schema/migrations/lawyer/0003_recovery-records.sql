CREATE TABLE `recovery_records` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`responded` integer,
	`amount_fen` integer,
	`note` text DEFAULT '' NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recovery_records_case` ON `recovery_records` (`case_id`,`at`);
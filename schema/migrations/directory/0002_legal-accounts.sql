CREATE TABLE `lawyer_certifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`lawyer_name` text NOT NULL,
	`license_number` text NOT NULL,
	`law_firm` text NOT NULL,
	`practice_areas` text NOT NULL,
	`file_key` text NOT NULL,
	`file_type` text NOT NULL,
	`file_size` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`submitted_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lawyer_certifications_license` ON `lawyer_certifications` (`license_number`) WHERE "status" <> 'rejected';--> statement-breakpoint
CREATE INDEX `lawyer_certifications_status` ON `lawyer_certifications` (`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `lawyer_certifications_user` ON `lawyer_certifications` (`user_id`);--> statement-breakpoint
CREATE TABLE `legal_accounts` (
	`user_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`account_type` text NOT NULL,
	`verified_at` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legal_accounts_workspace_id_unique` ON `legal_accounts` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `legal_accounts_type` ON `legal_accounts` (`account_type`);--> statement-breakpoint
CREATE TABLE `legal_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legal_registrations_token_hash_unique` ON `legal_registrations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `legal_registrations_email` ON `legal_registrations` (`email`);--> statement-breakpoint
CREATE INDEX `legal_registrations_expires` ON `legal_registrations` (`expires_at`);
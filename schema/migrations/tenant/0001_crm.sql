CREATE TABLE `crm_contracts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`start_month` text NOT NULL,
	`end_month` text NOT NULL,
	`quantity_milli` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crm_contracts_customer_start` ON `crm_contracts` (`customer_id`,`start_month`);--> statement-breakpoint
CREATE INDEX `crm_contracts_start` ON `crm_contracts` (`start_month`);--> statement-breakpoint
CREATE INDEX `crm_contracts_end` ON `crm_contracts` (`end_month`);--> statement-breakpoint
CREATE TABLE `crm_customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`contact_name` text,
	`contact_phone` text,
	`address` text,
	`notes` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crm_customers_status_created` ON `crm_customers` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `crm_customers_created` ON `crm_customers` (`created_at`);--> statement-breakpoint
CREATE TABLE `crm_status_history` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` text NOT NULL,
	`old_status` text,
	`new_status` text NOT NULL,
	`change_type` text NOT NULL,
	`event` text NOT NULL,
	`reason` text NOT NULL,
	`operator` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crm_status_history_customer` ON `crm_status_history` (`customer_id`,`seq`);
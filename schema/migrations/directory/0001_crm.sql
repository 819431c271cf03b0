CREATE TABLE `crm_tenants` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`since` integer NOT NULL
);

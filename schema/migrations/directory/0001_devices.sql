CREATE TABLE `device_nodes` (
	`node_id` text PRIMARY KEY NOT NULL,
	`region` text,
	`total_devices` integer NOT NULL,
	`available_devices` integer NOT NULL,
	`allocated_devices` integer NOT NULL,
	`maintenance_devices` integer NOT NULL,
	`max_free_cpu_cores` integer NOT NULL,
	`max_free_memory_mb` integer NOT NULL,
	`version` integer NOT NULL,
	`registered_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `device_nodes_registered` ON `device_nodes` (`registered_at`);
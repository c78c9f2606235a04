export * from "./users";
export * from "./projects";
export * from "./api-keys";
export * from "./audit-log";
export * from "./leases";
export * from "./project-settings";
export * from "./pricing";
export * from "./revenue";

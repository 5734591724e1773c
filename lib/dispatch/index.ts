/* The dispatch run's public surface: import from "@/lib/dispatch". */
import "server-only";

export { handleCronDispatch, isAuthorizedCron } from "./cron";
export { createDispatchDeps } from "./deps";
export { formatReportTable } from "./report-table";
export { runDispatch } from "./run";
export type * from "./types";

/* The drchrono integration's public surface: import from "@/lib/drchrono". */
import "server-only";

export {
  APP_BUDGET_SCOPE,
  appCallBudget,
  budgetWithMargin,
  type CallBudget,
  DEFAULT_HOURLY_BUDGET,
  DRCHRONO_HOURLY_LIMIT,
  MemoryCallBudget,
  tokenFingerprint,
} from "./budget";
export {
  createDrchronoClient,
  type DrchronoClient,
  type DrchronoClientOptions,
  MAX_PAGE_SIZE,
} from "./client";
export {
  isInvalidGrant,
  OAuthGrantError,
  type RefreshedTokens,
  refreshAccessToken,
  revokeToken,
} from "./oauth";
export { parseDoctor, parseOffice, parsePatient, parseUser } from "./records";
export {
  establishGrantedScopes,
  establishSignInScopes,
  type GrantedScopes,
  parseScopeString,
  REQUIRED_SCOPES,
  SCOPE_EXPLANATIONS,
} from "./scopes";
export * from "./types";

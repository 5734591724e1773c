/** drchrono's OAuth scopes (openapi-v4.yml, securitySchemes), in the order its consent screen lists them. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  "user:read": "View your basic information.",
  "user:write": "Edit select account information, such as creating new exam rooms.",
  "calendar:read": "View your appointments.",
  "calendar:write": "Schedule appointments and modify the data associated with them.",
  "patients:read": "View detailed patient information.",
  "patients:write": "Create patients and modify detailed patient information.",
  "patients:summary:read":
    "View summary information about your patients. This includes patients' name, chart_id, age, and gender.",
  "patients:summary:write": "Create new patients and set their name, chart_id, age, and gender.",
  "billing:read": "View billing information.",
  "billing:write": "Modify billing information.",
  "billing:patient-payment:read": "View patient payment information",
  "billing:patient-payment:write": "Modify patient payment information",
  "clinical:read": "View clinical information, such as vitals, clinical notes, medications and diagnoses.",
  "clinical:write":
    "Create and modify clinical information, such as vitals, clinical notes, medications and diagnoses.",
  "labs:read": "View patient lab orders and results.",
  "labs:write": "Create and modify patient lab orders and results.",
  "messages:read": "View messages in your message center.",
  "messages:write": "Create and modify messages in your message center.",
  "settings:read": "View resources that requires Settings permission, such as custom fields.",
  "settings:write": "Create resources that requires Settings permission, such as custom fields.",
  "tasks:read": "View tasks in your tasks center",
  "tasks:write": "Create and modify tasks in your tasks center",
};

export const ALL_SCOPES: readonly string[] = Object.keys(SCOPE_DESCRIPTIONS);

export function isKnownScope(scope: string): boolean {
  return Object.hasOwn(SCOPE_DESCRIPTIONS, scope);
}

/** Space-separated (a "+" arrives as a space after form decoding); omitted or empty means every scope. */
export function parseScopeParam(value: string | null): string[] {
  const scopes = (value ?? "").split(/[\s+]+/).filter(Boolean);
  return scopes.length === 0 ? [...ALL_SCOPES] : [...new Set(scopes)];
}

import { DEFAULT_CALLBACK_URL, sameOriginPath } from "@/lib/auth/callback-url";
import { getConfig } from "@/lib/env";

export { DEFAULT_CALLBACK_URL };

/** Only a path of this site, judged against APP_URL (see lib/auth/callback-url.ts). */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  return sameOriginPath(value, getConfig().appUrl);
}

import "next-auth";
import "next-auth/jwt";

// Our own ids travel in the session JWT; everything else is read from the database on each request.
declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    accountId?: string;
    role?: "doctor" | "staff";
    /** users.sessionVersion when the cookie was issued; a bump ends the session. */
    sessionVersion?: number;
  }
}

declare module "next-auth" {
  interface Session {
    userId?: string;
    accountId?: string;
    role?: "doctor" | "staff";
    sessionVersion?: number;
  }
}

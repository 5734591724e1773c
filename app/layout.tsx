import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SandboxBanner } from "@/components/sandbox-banner";
import "./globals.css";

// Every page reads configuration and session state at request time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Birthday Greetings", template: "%s · Birthday Greetings" },
  description: "Warm birthday greetings from your practice to every patient, exactly once.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SandboxBanner />
        {children}
      </body>
    </html>
  );
}

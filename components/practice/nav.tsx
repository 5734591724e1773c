"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/patients", label: "Patients" },
  { href: "/dashboard/upcoming", label: "Upcoming" },
  { href: "/dashboard/history", label: "History" },
  { href: "/dashboard/skipped", label: "Skipped" },
  { href: "/dashboard/settings", label: "Settings" },
] as const;

/** The dashboard's sections; the current one is marked for screen readers with aria-current. */
export function PracticeNav() {
  const pathname = usePathname();
  const current = (href: string) =>
    href === "/dashboard"
      ? pathname === href || pathname === "/dashboard/activation"
      : pathname.startsWith(href);
  return (
    <nav aria-label="Dashboard">
      <ul>
        {LINKS.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={current(link.href) ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

import { describe, expect, it } from "vitest";
import { withoutScripts } from "@/app/sandbox/outbox/email-preview";

const META = /<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*">/;

describe("the outbox's e-mail preview", () => {
  it("puts the script-blocking policy inside <head>, not inside <header>", () => {
    const html =
      '<!doctype html><html><head lang="en"><title>x</title></head><body><header>h</header></body></html>';
    const out = withoutScripts(html);
    expect(out.indexOf("<meta")).toBe(out.indexOf("<head") + '<head lang="en">'.length);
    expect(out).toMatch(META);
    expect(out.match(/<meta/g)).toHaveLength(1);
  });

  it("keeps the doctype first when there is no <head>", () => {
    expect(withoutScripts("<!DOCTYPE html><p>Hi</p>")).toMatch(/^<!DOCTYPE html><meta [^>]+><p>Hi<\/p>$/);
  });

  it("prefixes a fragment", () => {
    expect(withoutScripts("<header>Hi</header>")).toMatch(/^<meta [^>]+><header>Hi<\/header>$/);
  });
});

import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "@/sandbox/outbox";
import { holdsSupportKey, visibleOutbox } from "@/sandbox/support-mail";

function email(to: string, text: string, id = to): OutboxEntry {
  return {
    id,
    channel: "email",
    to,
    from: "app@example.com",
    subject: "s",
    text,
    headers: {},
    createdAt: new Date(0),
  };
}

const greeting = email("pat@example.org", "Happy birthday, Pat!");
const magicLink = email("support@example.com", "https://demo.example/admin/callback?token=abc");
const linkToOther = email("other@example.com", "Sign in: https://demo.example/admin/callback?token=xyz");
const activation = email("support@example.com", "Activation requested: Maple Street", "activation");

describe("support's e-mails in the sandbox outbox", () => {
  it("hide every sign-in link from a visitor without the key, whatever the address; other mail shows", () => {
    expect(visibleOutbox([greeting, magicLink, linkToOther, activation], { unlocked: false })).toEqual({
      shown: [greeting, activation],
      hidden: 2,
    });
  });

  it("are all shown to whoever entered the key", () => {
    expect(visibleOutbox([greeting, magicLink], { unlocked: true })).toEqual({
      shown: [greeting, magicLink],
      hidden: 0,
    });
  });

  it("unlock only with the exact key", () => {
    const key = "the-sandbox-support-key-0123456789";
    expect(holdsSupportKey(key, key)).toBe(true);
    expect(holdsSupportKey(`${key} `, key)).toBe(false);
    expect(holdsSupportKey(key.slice(0, -1), key)).toBe(false);
    expect(holdsSupportKey("", key)).toBe(false);
    expect(holdsSupportKey(undefined, key)).toBe(false);
  });
});

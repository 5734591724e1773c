import { describe, expect, it } from "vitest";
import { type AccountStateFacts, describeAccountState } from "@/lib/accounts/state";

const active: AccountStateFacts = { activation: "active", paused: false, authStatus: "ok" };

describe("describeAccountState", () => {
  it.each([
    [{ ...active, authStatus: "missing_scopes" }, "missing_permissions", "bad", "/signin"],
    [{ ...active, authStatus: "needs_reauth" }, "needs_reauth", "bad", "/signin"],
    [{ ...active, activation: "deactivated" }, "deactivated", "bad", "mailto:help@example.com"],
    [{ ...active, activation: "not_requested" }, "not_requested", "warn", "/dashboard/activation"],
    [{ ...active, activation: "requested" }, "activation_requested", "warn", "/dashboard/settings"],
    [{ ...active, paused: true }, "paused", "warn", "/dashboard#pause"],
  ] as const)("names %o as %s with its next step", (account, state, tone, href) => {
    const view = describeAccountState(account, { supportEmail: "help@example.com" });
    expect(view).toMatchObject({ state, tone, action: { href } });
    expect(view.title.length).toBeGreaterThan(0);
    expect(view.explanation.length).toBeGreaterThan(20);
  });

  it("says an active account needs nothing", () => {
    expect(describeAccountState(active)).toMatchObject({ state: "active", tone: "ok", action: null });
  });

  it("offers no action for a deactivated account when no support address is known", () => {
    expect(describeAccountState({ ...active, activation: "deactivated" }).action).toBeNull();
  });

  describe("precedence: missing permissions > re-authorization > deactivated > not requested > requested > paused", () => {
    it.each([
      [{ activation: "deactivated", paused: true, authStatus: "missing_scopes" }, "missing_permissions"],
      [{ activation: "not_requested", paused: true, authStatus: "needs_reauth" }, "needs_reauth"],
      [{ activation: "deactivated", paused: true, authStatus: "ok" }, "deactivated"],
      [{ activation: "not_requested", paused: true, authStatus: "ok" }, "not_requested"],
      [{ activation: "requested", paused: true, authStatus: "ok" }, "activation_requested"],
      [{ activation: "active", paused: true, authStatus: "ok" }, "paused"],
    ] as const)("%o is %s", (account, state) => {
      expect(describeAccountState(account).state).toBe(state);
    });
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Outbox } from "../outbox";
import { createResendFake, type ResendKnobs } from "./resend-fake";
import { createTwilioFake, SANDBOX_TWILIO_AUTH_TOKEN, type TwilioKnobs } from "./twilio-fake";
import { type WebhookKnobs, WebhookQueue, type WebhookSettings } from "./webhooks";

/**
 * Both fake providers on a loopback port, for tests and the bench: the real SDKs talk HTTP to
 * `${url}/resend` and `${url}/twilio`, exactly as the app's sandbox talks to its own /sandbox mounts.
 */

export interface FakeProvidersOptions {
  resendApiKey?: string;
  twilioAccountSid?: string;
  twilioAuthToken?: string;
  now?: () => Date;
  outbox?: Outbox;
  /** Where the fakes post their signed events (see webhooks.ts); default: Resend sends none. */
  webhooks?: WebhookSettings;
}

export interface FakeProvidersServer {
  /** e.g. "http://127.0.0.1:53211"; Resend is at `${url}/resend`, Twilio at `${url}/twilio`. */
  url: string;
  resendUrl: string;
  twilioUrl: string;
  outbox: Outbox;
  resend: ResendKnobs;
  twilio: TwilioKnobs;
  /** The events both fakes send back: when, in what order, how often. */
  webhooks: WebhookKnobs;
  close(): Promise<void>;
}

type Mount = {
  handle: (request: Request, path: string) => Promise<Response>;
  knobs: { takeLostAnswer(): boolean };
};

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function respond(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startFakeProvidersServer(
  options: FakeProvidersOptions = {},
): Promise<FakeProvidersServer> {
  const outbox = options.outbox ?? new Outbox();
  const webhooks = new WebhookQueue(
    options.webhooks ?? {},
    options.twilioAuthToken ?? SANDBOX_TWILIO_AUTH_TOKEN,
  );
  const resend = createResendFake({ outbox, apiKey: options.resendApiKey, now: options.now, webhooks });
  const twilio = createTwilioFake({
    outbox,
    accountSid: options.twilioAccountSid,
    authToken: options.twilioAuthToken,
    now: options.now,
    webhooks,
  });
  const mounts: Array<[string, Mount]> = [
    ["/resend", resend],
    ["/twilio", twilio],
  ];

  let origin = "";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const request = await toRequest(req, origin);
        const path = new URL(request.url).pathname;
        const mount = mounts.find(([prefix]) => path.startsWith(`${prefix}/`));
        const response = mount
          ? await mount[1].handle(request, path.slice(mount[0].length))
          : new Response("Not found", { status: 404 });
        // A lost answer: the provider did the work, the caller only sees the connection drop.
        if (mount?.[1].knobs.takeLostAnswer()) res.destroy();
        else await respond(res, response);
      } catch (error) {
        console.error("fake provider server failed", error);
        res.statusCode = 500;
        res.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    resendUrl: `${origin}/resend`,
    twilioUrl: `${origin}/twilio`,
    outbox,
    resend: resend.knobs,
    twilio: twilio.knobs,
    webhooks,
    close: () =>
      new Promise<void>((resolve, reject) => {
        webhooks.reset();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

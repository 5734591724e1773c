/** Where providers call us back; the public URL of each is APP_URL + the path (Twilio signs the full URL). */
export const RESEND_WEBHOOK_PATH = "/api/webhooks/resend";
export const TWILIO_STATUS_PATH = "/api/webhooks/twilio/status";
export const TWILIO_INBOUND_PATH = "/api/webhooks/twilio/inbound";

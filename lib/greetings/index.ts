/* The public face of the greetings core: pure functions over dates, records and settings. */
export { type BirthDateProblem, type BirthDateResult, MAX_PLAUSIBLE_AGE, parseBirthDate } from "./birth-date";
export {
  type ContactCheck,
  checkEmail,
  checkMobile,
  DEFAULT_PHONE_COUNTRY,
  type MobileCheck,
} from "./contacts";
export {
  addDays,
  birthdaysOn,
  type CalendarDate,
  daysInMonth,
  formatIsoDate,
  greetingDay,
  isGreetedOn,
  isIsoDate,
  isLeapYear,
  isValidTimeZone,
  isWithinSendingHours,
  type LocalDateTime,
  localDateTime,
  type MonthDay,
  parseCalendarDate,
  SENDING_HOURS,
} from "./dates";
export {
  classifyRecord,
  type DecisionContext,
  decide,
  type RecordClassification,
  type Skip,
} from "./eligibility";
export { type Language, languageOf } from "./language";
export {
  composeEmail,
  composeSms,
  doctorSignOff,
  type EmailContent,
  type EmailInput,
  escapeHtml,
  type MessageInput,
  type SignedBy,
  SMS_STOP_TEXT,
} from "./message";
export { SKIP_REASON_HINTS, SKIP_REASON_LABELS } from "./skip-reasons";
export { isGsm7, type SmsEncoding, type SmsLength, smsLength, smsSegments } from "./sms-segments";
export {
  DEFAULT_WORDING,
  isDefaultWording,
  MAX_WORDING_LENGTH,
  PLACEHOLDERS,
  type Placeholder,
  type PlaceholderValues,
  renderWording,
  tidyWording,
  wordingProblem,
} from "./template";
export * from "./types";

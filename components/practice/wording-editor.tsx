"use client";

import { useId, useState } from "react";
import { previewGreeting } from "@/lib/accounts/preview";
import type { ActionResult } from "@/lib/accounts/session";
import type { Language } from "@/lib/greetings/language";
import type { SignedBy } from "@/lib/greetings/message";
import { smsLength } from "@/lib/greetings/sms-segments";
import { DEFAULT_WORDING, isDefaultWording, tidyWording, wordingProblem } from "@/lib/greetings/template";
import type { Doctor, Practice } from "@/lib/greetings/types";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

const NAMES: Record<Language, string> = { en: "English", es: "Spanish" };

export interface WordingContext {
  doctor: Doctor | null;
  practice: Practice;
  signedBy: SignedBy;
  unsubscribeUrl: string;
}

/** "152 characters, 1 SMS segment" as the text message would be billed. */
export function smsCostLabel(sms: string): string {
  const { units, segments, encoding } = smsLength(sms);
  const special = encoding === "UCS-2" ? " (special characters: 70 per segment)" : "";
  return `Text message: ${units} characters, ${segments} SMS segment${segments === 1 ? "" : "s"}${special}.`;
}

/**
 * The practice's wording for one language: a text area, the cost of the text message, a live preview built by the
 * same core functions that dispatch uses (so the preview cannot drift) and "Reset to our default".
 */
export function WordingEditor({
  action,
  language,
  saved,
  context,
}: {
  action: Action;
  language: Language;
  /** The stored wording; null: ours. */
  saved: string | null;
  context: WordingContext;
}) {
  const [text, setText] = useState(saved ?? DEFAULT_WORDING[language]);
  const id = useId();
  const name = NAMES[language];
  const problem = wordingProblem(text);
  const preview = problem
    ? null
    : previewGreeting({
        ...context,
        language,
        wording: isDefaultWording(language, text) ? null : tidyWording(text),
      });

  return (
    <div className="wording" lang="en">
      <ActionForm action={action} submitLabel={`Save the ${name} wording`} aria-label={`${name} wording`}>
        <input type="hidden" name="language" value={language} />
        <label htmlFor={`${id}-body`}>Greeting in {name}</label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={8}
          value={text}
          onChange={(event) => setText(event.target.value)}
          lang={language}
          aria-describedby={`${id}-hint ${id}-cost`}
          aria-invalid={problem ? true : undefined}
        />
        <p id={`${id}-hint`} className="muted">
          Placeholders: {"{first_name}"}, {"{doctor}"} and {"{practice}"}. We always add the practice’s
          address and the unsubscribe link to e-mails, and the STOP instruction to texts.
        </p>
        <p id={`${id}-cost`} aria-live="polite">
          {problem ? (
            <span className="error">{problem}</span>
          ) : (
            `${preview ? smsCostLabel(preview.sms) : ""} The e-mail’s wording has ${tidyWording(text).length} characters.`
          )}
        </p>
        <p>
          <button type="button" className="secondary" onClick={() => setText(DEFAULT_WORDING[language])}>
            Reset the {name} wording to our default
          </button>
        </p>
      </ActionForm>
      {preview && (
        <div className="preview" lang={language}>
          <h3 lang="en">{name} preview</h3>
          <p>
            <strong lang="en">Subject:</strong> {preview.email.subject}
          </p>
          {/* The core escapes every field and adds no script; allow-scripts (without same-origin) only lets
              the accessibility scan look inside, as on the outbox page. */}
          <iframe title={`E-mail preview in ${name}`} srcDoc={preview.email.html} sandbox="allow-scripts" />
          <h4 lang="en">Text message</h4>
          <p className="sms-bubble" data-testid={`sms-preview-${language}`}>
            {preview.sms}
          </p>
        </div>
      )}
    </div>
  );
}

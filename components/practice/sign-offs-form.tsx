"use client";

import { MAX_SIGN_OFF } from "@/lib/accounts/forms";
import type { ActionResult } from "@/lib/accounts/session";
import { doctorSignOff } from "@/lib/greetings/message";
import type { Doctor } from "@/lib/greetings/types";
import { ActionForm } from "./action-form";

type Action = (previous: ActionResult, form: FormData) => Promise<ActionResult>;

/** How each doctor signs, in English and in Spanish; a blank field keeps our default, shown as the placeholder. */
export function SignOffsForm({ action, doctors }: { action: Action; doctors: Doctor[] }) {
  return (
    <ActionForm action={action} submitLabel="Save sign-offs" aria-label="Sign-offs">
      {doctors.map((doctor) => {
        const name = [doctor.firstName, doctor.lastName].filter(Boolean).join(" ");
        return (
          <fieldset key={doctor.id}>
            <legend>{name || `Doctor #${doctor.id}`}</legend>
            <label htmlFor={`signOff-${doctor.id}`}>In English</label>
            <input
              id={`signOff-${doctor.id}`}
              name={`signOff-${doctor.id}`}
              type="text"
              maxLength={MAX_SIGN_OFF}
              defaultValue={doctor.signOff ?? ""}
              placeholder={doctorSignOff({ ...doctor, signOff: null }, "en") ?? ""}
            />
            <label htmlFor={`signOffEs-${doctor.id}`}>In Spanish</label>
            <input
              id={`signOffEs-${doctor.id}`}
              name={`signOffEs-${doctor.id}`}
              type="text"
              lang="es"
              maxLength={MAX_SIGN_OFF}
              defaultValue={doctor.signOffEs ?? ""}
              placeholder={doctorSignOff({ ...doctor, signOffEs: null }, "es") ?? ""}
            />
          </fieldset>
        );
      })}
    </ActionForm>
  );
}

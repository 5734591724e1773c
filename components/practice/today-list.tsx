import type { TodayEntry } from "@/lib/accounts/today";
import { livePatients } from "./drchrono";
import { DrchronoProblem } from "./drchrono-problem";
import { Pager } from "./pager";
import { PatientCell } from "./patient-cell";
import { TODAY_STATE_LABELS, todayStateDetail, todayStateTone, type WaitingContext } from "./today-labels";

/*
 * Today's birthday patients, one row each with their state; names come live from drchrono for the rows shown
 * (we keep none). Rows stack into cards on a phone.
 */

export const TODAY_PAGE_SIZE = 25;

export async function TodayList({
  accountId,
  entries,
  page,
  context,
  hrefFor,
}: {
  accountId: string;
  entries: readonly TodayEntry[];
  page: number;
  context: WaitingContext;
  hrefFor: (page: number) => string;
}) {
  const shown = entries.slice((page - 1) * TODAY_PAGE_SIZE, page * TODAY_PAGE_SIZE);
  if (shown.length === 0)
    return (
      <p className="muted" role="status">
        {page > 1
          ? "No more birthdays today."
          : "No birthdays today among the patients read so far. The patient list is read from the first run after activation."}
      </p>
    );
  const { records, problem } = await livePatients(
    accountId,
    shown.map((e) => e.patientId),
  );
  return (
    <>
      {problem && <DrchronoProblem problem={problem} what="patient names" />}
      <div className="table-wrap">
        <table className="stacked">
          <caption className="visually-hidden">Today's birthdays and what happened to each greeting</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">State</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <tr key={entry.patientId}>
                <td data-label="Patient">
                  <PatientCell id={entry.patientId} record={records.get(entry.patientId)} />
                </td>
                <td data-label="State">
                  <span className={`status ${todayStateTone(entry.state)}`}>
                    {TODAY_STATE_LABELS[entry.state.kind]}
                  </span>
                </td>
                <td data-label="Details">{todayStateDetail(entry.state, context)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        page={page}
        hasMore={entries.length > page * TODAY_PAGE_SIZE}
        label="Today's pages"
        hrefFor={hrefFor}
      />
    </>
  );
}

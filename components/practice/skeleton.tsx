/** Shown while a list waits for drchrono; announced once as busy, not read out line by line. */
export function ListSkeleton({ label = "Loading from drchrono…" }: { label?: string }) {
  return (
    <div className="skeleton" role="status" aria-busy="true">
      <span className="visually-hidden">{label}</span>
    </div>
  );
}

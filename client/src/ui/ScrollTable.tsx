import type { ReactNode } from 'react';

/** A table that scrolls sideways inside its own box on narrow screens, reachable by keyboard. */
export function ScrollTable({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-label={label}>
      <table className={className}>{children}</table>
    </div>
  );
}

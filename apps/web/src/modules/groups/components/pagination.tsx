import { formatInteger } from '@/lib/format';
import { pageSizes } from '../hooks/use-groups-view-state';

interface PaginationProps {
  page: number;
  pageSize: number;
  rowsOnPage: number;
  totalCount: number;
  hasNextPage: boolean;
  onPrevious(): void;
  onNext(): void;
  onPageSize(size: number): void;
}

export function Pagination({
  page,
  pageSize,
  rowsOnPage,
  totalCount,
  hasNextPage,
  onPrevious,
  onNext,
  onPageSize,
}: PaginationProps) {
  const first = totalCount === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + rowsOnPage;
  return (
    <nav className="pagination" aria-label="Pages">
      <span aria-live="polite" data-testid="page-status">
        {formatInteger(first)}–{formatInteger(last)} of {formatInteger(totalCount)}
      </span>
      <label>
        Rows per page{' '}
        <select value={pageSize} onChange={(event) => onPageSize(Number(event.target.value))}>
          {pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="pagination-buttons">
        <button type="button" className="button" onClick={onPrevious} disabled={page <= 1}>
          ← Previous
        </button>
        <button type="button" className="button" onClick={onNext} disabled={!hasNextPage}>
          Next →
        </button>
      </div>
    </nav>
  );
}

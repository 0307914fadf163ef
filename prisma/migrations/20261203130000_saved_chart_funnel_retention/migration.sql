-- Saved charts store funnels and retention charts too (issue 14). Added in one migration so the
-- two chart kinds do not each need their own.
ALTER TYPE "saved_chart_kind" ADD VALUE 'funnel';
ALTER TYPE "saved_chart_kind" ADD VALUE 'retention';

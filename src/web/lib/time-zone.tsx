import { createContext, type ReactNode, useContext } from 'react';
import { DEFAULT_TIME_ZONE } from './format';

const TimeZoneContext = createContext<string>(DEFAULT_TIME_ZONE);

/** The firm's time zone, in which every date on the page is shown. */
export function TimeZoneProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <TimeZoneContext.Provider value={timeZone}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone(): string {
  return useContext(TimeZoneContext);
}

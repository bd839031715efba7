import { australianTimeZones } from '../../../../contracts/firms';

type AustralianTimeZone = (typeof australianTimeZones)[number];

const names: Record<AustralianTimeZone, string> = {
  'Australia/Sydney': 'Sydney, Canberra (NSW, ACT)',
  'Australia/Melbourne': 'Melbourne (VIC)',
  'Australia/Brisbane': 'Brisbane (QLD, no daylight saving)',
  'Australia/Adelaide': 'Adelaide (SA)',
  'Australia/Darwin': 'Darwin (NT)',
  'Australia/Perth': 'Perth (WA)',
  'Australia/Hobart': 'Hobart (TAS)',
  'Australia/Lord_Howe': 'Lord Howe Island',
  'Australia/Eucla': 'Eucla (WA, central western time)',
};

export const timeZoneOptions = australianTimeZones.map((id) => ({ id, label: names[id], description: id }));

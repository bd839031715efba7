import type { Key, ReactNode } from 'react';
import { Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { Button } from './Button';
import './menus.css';

export interface ActionMenuItem<K extends string = string> {
  id: K;
  label: string;
  /** Shown in the danger colour (e.g. Delete). */
  destructive?: boolean;
}

export interface ActionMenuProps<K extends string> {
  /** The button's accessible name, e.g. "More actions for report.pdf". */
  label: string;
  /** The button's visible words (default "More"). */
  children?: ReactNode;
  items: ReadonlyArray<ActionMenuItem<K>>;
  onAction: (id: K) => void;
  isDisabled?: boolean;
}

/** A button that opens a list of actions (role=menu: arrow keys move, Enter picks, Escape closes). */
export function ActionMenu<K extends string>({ label, children = 'More', items, onAction, isDisabled }: ActionMenuProps<K>) {
  const byKey = new Map<Key, K>(items.map((i) => [i.id, i.id]));
  return (
    <MenuTrigger>
      <Button size="sm" aria-label={label} isDisabled={isDisabled}>
        {children}
        <span aria-hidden="true" className="action-menu-chevron">
          ▾
        </span>
      </Button>
      <Popover className="popover action-menu-popover" placement="bottom end">
        <Menu className="action-menu" items={items} onAction={(key) => {
            const k = byKey.get(key);
            if (k !== undefined) onAction(k);
          }}>
          {(item) => (
            <MenuItem id={item.id} className={['action-menu-item', item.destructive ? 'action-menu-item-danger' : ''].filter(Boolean).join(' ')}>
              {item.label}
            </MenuItem>
          )}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

import { createContext } from 'react';
import { createTheme } from './theme.js';
import type { Theme } from './theme.js';

/** The theme for every component below the App (colour or plain, Unicode or ASCII). */
export const ThemeContext = createContext<Theme>(createTheme({ color: false, ascii: false }));

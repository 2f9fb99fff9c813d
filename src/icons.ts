import { LabIcon } from '@jupyterlab/ui-components';

// A radio dish under a star: "services in the sky". Drawn here so it follows the theme colours.
const skyServiceSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M4.2 9.3a7.5 7.5 0 0 0 10.5 10.5z"/>
    <rect x="11.6" y="11.2" width="1.6" height="6.2" transform="rotate(-45 12.4 14.3)"/>
    <path d="M8 20h8l1 2H7z"/>
    <path d="M18 2l.9 2.3 2.3.9-2.3.9L18 8.4l-.9-2.3-2.3-.9 2.3-.9z"/>
  </g>
</svg>`;

export const rspApiIcon = new LabIcon({
  name: 'jupyterlab-rsp-api:sky-service',
  svgstr: skyServiceSvg
});

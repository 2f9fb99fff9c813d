import './base.css';
import './sky.css';
